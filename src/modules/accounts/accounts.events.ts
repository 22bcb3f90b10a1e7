/** Events published by the accounts module (see docs/events.md). */
export interface UserCreated {
  userId: string;
  role: string;
}
export interface DeveloperCreated {
  developerId: string;
  userId: string | null;
  name: string;
  slug: string;
}
export interface DeveloperUpdated {
  developerId: string;
  name: string;
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    'user.created': UserCreated;
    'developer.created': DeveloperCreated;
    'developer.updated': DeveloperUpdated;
  }
}
