import type { CSSProperties } from 'react';
import { initials, tileGradient } from '../lib/tile-art';

interface Props {
  name: string;
  bundleId: string;
  iconUrl: string | null;
  size?: number;
  /** Leave empty where the app name is written next to the icon (the image adds nothing then). */
  alt?: string;
}

/** The app's icon, or a gradient tile with its initials when it has none. */
export function AppIcon({ name, bundleId, iconUrl, size = 64, alt = '' }: Props) {
  // The size is a CSS variable so layouts can resize an icon (and its initials) in media queries.
  const style = { '--icon-size': `${size}px` } as CSSProperties;
  if (iconUrl) return <img className="app-icon" src={iconUrl} alt={alt} width={size} height={size} style={style} loading="lazy" />;
  return (
    <span
      className="app-icon app-icon--generated"
      style={{ ...style, background: tileGradient(bundleId) }}
      {...(alt ? { role: 'img', 'aria-label': alt } : { 'aria-hidden': true })}
    >
      {initials(name)}
    </span>
  );
}
