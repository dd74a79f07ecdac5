"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A box that scrolls sideways when a wide table does not fit (a narrow screen, a long preview).
 * While its content overflows it is a focusable, named region, so keyboard users can scroll it too
 * (WCAG 2.1.1; axe's scrollable-region-focusable); when everything fits it adds no tab stop.
 */
export function ScrollX({ label, children }: { label?: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    // Observers report once when they start, then on every resize of the box or its content.
    const observer = new ResizeObserver(() => setOverflows(box.scrollWidth > box.clientWidth + 1));
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  const focusable = overflows ? { tabIndex: 0, ...(label ? { role: "region", "aria-label": label } : {}) } : {};
  return (
    // Relative: a screen-reader-only text (absolutely positioned) in a column scrolled out of view
    // stays inside this box, instead of widening the whole page.
    <div ref={ref} className="relative overflow-x-auto" {...focusable}>
      {children}
    </div>
  );
}
