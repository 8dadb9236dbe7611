import { useEffect, useState } from "react";

/** A value that changes every `ms`: a component that calls this re-renders, so "2 minutes ago" moves on. */
export function useClock(ms = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
