import React, { useEffect, useRef, useState } from 'react';
import { DropDownItemWithButtons, DropDownMenu, type ButtonInGroupProps } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';

/** One entry of a menu (AdminJS's drop-down entry: a label, an icon, a link or click handler, entries nested under it). */
export type MenuItem = ButtonInGroupProps & { key: string };

/** The look of a menu's button; the caller styles it (one static class, no theme lookups per render). */
export const MenuTrigger = styled.button`
  box-sizing: border-box;
  border: none;
  background: transparent;
  cursor: pointer;
  font: inherit;
  &:focus-visible {
    outline: 2px solid #3040d6;
    outline-offset: 1px;
  }
`;

const Wrapper = styled.span`
  position: relative;
  display: inline-block;
`;

type Props = {
  /** The button's accessible name. */
  label: string;
  /** The button's look (a styled MenuTrigger) and what it shows. */
  Trigger: typeof MenuTrigger;
  children: React.ReactNode;
  /** The entries, asked for only when the menu opens. */
  items: () => MenuItem[];
  'data-testid'?: string;
};

/**
 * A button with a drop-down menu (AdminJS's drop-down entries) that is built only when it opens, so
 * a page pays nothing for menus nobody opened: no hidden menu, and no measuring of the button on
 * mount (AdminJS's DropDown reads its height in a layout effect and sets state, a forced layout and
 * a second render before the page's first paint). It opens on hover, as AdminJS's did, and from the
 * keyboard (Enter or Space open it at its first entry; the arrows move, Escape closes).
 */
const MenuButton: React.FC<Props> = ({ label, Trigger, children, items, 'data-testid': testId }) => {
  const [open, setOpen] = useState(false);
  const [focusFirst, setFocusFirst] = useState(false);
  const wrapper = useRef<HTMLSpanElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const hovered = useRef(false);

  const entries = () => [...(wrapper.current?.querySelectorAll<HTMLElement>('[role="menuitem"][href]') ?? [])];
  useEffect(() => {
    if (!open || !focusFirst) return;
    entries()[0]?.focus();
    setFocusFirst(false);
  }, [open, focusFirst]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
      trigger.current?.focus();
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && open) {
      event.preventDefault();
      const all = entries();
      const at = all.indexOf(document.activeElement as HTMLElement);
      const next = event.key === 'ArrowDown' ? (at + 1) % all.length : (at <= 0 ? all.length : at) - 1;
      all[next]?.focus();
    }
  };

  return (
    <Wrapper
      ref={wrapper}
      onMouseEnter={() => {
        hovered.current = true;
        setOpen(true);
      }}
      onMouseLeave={() => {
        hovered.current = false;
        if (!wrapper.current?.contains(document.activeElement)) setOpen(false);
      }}
      onBlur={(event: React.FocusEvent) => {
        if (!hovered.current && !wrapper.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
      onKeyDown={onKeyDown}
    >
      <Trigger
        ref={trigger}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={testId}
        onClick={(event: React.MouseEvent) => {
          // A click from the keyboard (no pointer) opens the menu at its first entry.
          if (event.detail === 0) setFocusFirst(true);
          setOpen(true);
        }}
      >
        {children}
      </Trigger>
      {open ? (
        <DropDownMenu isVisible stick="right" right={0} top="100%" role="menu">
          {items().map(({ key, ...item }) => (
            <DropDownItemWithButtons key={key} {...item} />
          ))}
        </DropDownMenu>
      ) : null}
    </Wrapper>
  );
};

export default MenuButton;
