export function Logo() {
  return (
    <svg className="logo__mark" viewBox="0 0 64 64" width="28" height="28" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="logo-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#34c759" />
          <stop offset="1" stopColor="#0a84ff" />
        </linearGradient>
      </defs>
      <rect width="64" height="64" rx="14" fill="url(#logo-g)" />
      <circle cx="32" cy="36" r="15" fill="#fff" />
      <path d="M32 21c2-6 7-8 11-8-1 5-5 8-11 8z" fill="#fff" />
    </svg>
  );
}
