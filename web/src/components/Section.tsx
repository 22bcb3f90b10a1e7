import { ChevronRight } from 'lucide-react';
import { type ReactNode, useId } from 'react';
import { Link } from 'react-router-dom';

/** A titled page section with an optional "See all" link. */
export function Section({ title, more, children, lead }: { title: string; more?: string; lead?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section className="section" aria-labelledby={id}>
      <div className="section__head">
        <div>
          <h2 id={id}>{title}</h2>
          {lead && <p className="section__lead">{lead}</p>}
        </div>
        {more && (
          <Link to={more} className="section__more">
            See all <ChevronRight size={16} aria-hidden="true" />
          </Link>
        )}
      </div>
      {children}
    </section>
  );
}
