import type { ComponentChildren } from 'preact';

/**
 * A table that may be wider (or, with `tall`, longer) than the screen scrolls inside this box, not the page: a
 * focusable, named region, so keyboard users can scroll it too.
 */
export function TableScroll({
  label,
  tall,
  children,
}: {
  label: string;
  tall?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={tall ? 'table-scroll tall' : 'table-scroll'} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
