import { Type } from 'typebox';
import { errors, Nullable, Obj, Res, Timestamp } from '../../http/schemas.js';
import { countryCodes } from '../../platform/storefronts.js';
import { API_KEY_SCOPES } from './accounts.service.js';

const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' });
/** NIST 800-63B: at least 8 characters, allow long passphrases, cap to bound hashing work. */
const Password = Type.String({ minLength: 8, maxLength: 256 });
const DisplayName = Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' });
const Country = Type.Enum([...countryCodes]);
const RoleName = Type.Enum(['customer', 'developer', 'moderator', 'admin']);

export const User = Res({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: RoleName,
  country: Type.String(),
  createdAt: Type.String(),
  developerId: Nullable(Type.String()),
});

export const Developer = Res({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  website: Nullable(Type.String()),
  bio: Nullable(Type.String()),
  createdAt: Type.String(),
});

const ApiKey = Res({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});

const Session = Res({
  user: User,
  token: Type.String({ description: 'Bearer token (also set as an HttpOnly cookie)' }),
  expiresAt: Timestamp,
});

export const signup = {
  tags: ['accounts'],
  summary: 'Create a customer account and sign in',
  body: Obj({ email: Email, password: Password, displayName: DisplayName, country: Type.Optional(Country) }),
  response: { 201: Session, ...errors(400, 409, 429) },
};

export const login = {
  tags: ['accounts'],
  summary: 'Sign in',
  body: Obj({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }),
  response: { 200: Session, ...errors(400, 401, 429) },
};

export const logout = {
  tags: ['accounts'],
  summary: 'Sign out (ends this session)',
  response: { 204: Type.Null(), ...errors(401) },
};

export const me = {
  tags: ['accounts'],
  summary: 'The signed-in user',
  response: { 200: Res({ user: User, developer: Nullable(Developer) }), ...errors(401) },
};

export const updateMe = {
  tags: ['accounts'],
  summary: 'Update your profile',
  body: Obj({ displayName: Type.Optional(DisplayName), country: Type.Optional(Country) }),
  response: { 200: Res({ user: User }), ...errors(400, 401) },
};

const DeveloperInput = {
  name: Type.String({ minLength: 2, maxLength: 100, pattern: '\\S' }),
  website: Type.Optional(Nullable(Type.String({ maxLength: 300, pattern: '^https?://' }))),
  bio: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
};

export const becomeDeveloper = {
  tags: ['developers'],
  summary: 'Turn the signed-in user into a developer',
  body: Obj({ name: DeveloperInput.name, website: DeveloperInput.website, bio: DeveloperInput.bio }),
  response: { 201: Res({ developer: Developer }), ...errors(400, 401, 409) },
};

export const updateDeveloper = {
  tags: ['developers'],
  summary: 'Edit your developer profile',
  body: Obj({ name: Type.Optional(DeveloperInput.name), website: DeveloperInput.website, bio: DeveloperInput.bio }),
  response: { 200: Res({ developer: Developer }), ...errors(400, 401, 403) },
};

export const developerPage = {
  tags: ['developers'],
  summary: 'A developer’s public profile',
  params: Obj({ slug: Type.String({ minLength: 1, maxLength: 80 }) }),
  response: { 200: Res({ developer: Developer }), ...errors(404) },
};

export const createApiKey = {
  tags: ['developers'],
  summary: 'Create an API key for your servers (the secret is shown once)',
  body: Obj({
    name: Type.String({ minLength: 1, maxLength: 80 }),
    scopes: Type.Array(Type.Enum([...API_KEY_SCOPES]), { minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true }),
  }),
  response: { 201: Res({ apiKey: ApiKey, secret: Type.String() }), ...errors(400, 401, 403) },
};

export const listApiKeys = {
  tags: ['developers'],
  summary: 'Your API keys (without secrets)',
  response: { 200: Res({ apiKeys: Type.Array(ApiKey) }), ...errors(401, 403) },
};

export const revokeApiKey = {
  tags: ['developers'],
  summary: 'Revoke an API key',
  params: Obj({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
  response: { 204: Type.Null(), ...errors(401, 403, 404) },
};

export const setRole = {
  tags: ['admin'],
  summary: 'Change a user’s role (admin)',
  params: Obj({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
  body: Obj({ role: RoleName }),
  response: { 200: Res({ user: User }), ...errors(400, 401, 403, 404) },
};
