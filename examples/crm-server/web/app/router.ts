import { useEffect, useState } from 'react';

const read = () => (window.location.hash.replace(/^#\/?/, '') || 'inbox').split('/').map(decodeURIComponent);

/** Hash routes: `#/inbox`, `#/customers`, `#/customers/<id>`, `#/analytics`, `#/follow-ups`. */
export function useRoute(): string[] {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const href = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join('/')}`;
