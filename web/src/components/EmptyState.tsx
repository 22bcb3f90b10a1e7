import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** A friendly "nothing here" panel with an optional way forward. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
}: {
  icon?: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state">
      {Icon && <Icon className="empty-state__icon" aria-hidden="true" size={40} strokeWidth={1.5} />}
      <h3 className="empty-state__title">{title}</h3>
      {children && <div className="empty-state__text">{children}</div>}
      {action && <div className="empty-state__action">{action}</div>}
    </div>
  );
}
