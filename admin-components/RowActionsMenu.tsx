import React, { useEffect, useRef, useState } from 'react';
import { DropDownItemWithButtons, DropDownMenu, type ButtonInGroupProps } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import { actionHref, buildActionTestId, useTranslation, type ActionJSON } from 'adminjs';

type Props = {
  resourceId: string;
  recordId: string;
  actions: ActionJSON[];
  /** Runs an action the user picked (AdminJS's click handler: navigate, confirm, or call the API). */
  onAction: (event: React.MouseEvent, action: ActionJSON) => unknown;
};

// One static class for every row's trigger (no theme lookups per render), drawn like AdminJS's light icon button.
const Trigger = styled.button`
  display: inline-flex;
  align-items: center;
  justify-content: center;
  box-sizing: border-box;
  height: 32px;
  padding: 4px 8px;
  border: none;
  border-radius: 4px;
  background: transparent;
  color: #454655;
  cursor: pointer;
  &:hover,
  &[aria-expanded='true'] {
    background: rgba(48, 64, 214, 0.05);
  }
  &:focus-visible {
    outline: 2px solid #3040d6;
    outline-offset: 1px;
  }
  & > svg {
    pointer-events: none;
  }
`;

const Wrapper = styled.span`
  position: relative;
  display: inline-block;
`;

/** Three dots, as AdminJS's MoreHorizontal icon (feather), drawn without the design system's Icon. */
const Dots = () => (
  <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
    <circle cx="5" cy="12" r="1" />
  </svg>
);

type Item = ButtonInGroupProps & { key: string };

/** The menu's entries: each action, those with a `parent` nested under it (a parent that is no action becomes a label). */
function menuItems(props: Props, translateAction: (label: string, resourceId: string) => string): Item[] {
  const params = { resourceId: props.resourceId, recordId: props.recordId };
  const byName = new Map<string, Item>();
  for (const action of props.actions) {
    const href = actionHref(action, params) || undefined;
    byName.set(action.name, {
      key: action.name,
      icon: action.icon,
      label: translateAction(action.label, props.resourceId),
      variant: action.variant,
      source: action,
      href,
      onClick: href ? (event: React.MouseEvent) => props.onAction(event, action) : undefined,
      'data-testid': buildActionTestId(action),
      'data-css': `${action.resourceId}-${action.name}-button`,
      role: 'menuitem',
    } as Item);
  }
  const top: Item[] = [];
  for (const action of props.actions) {
    const item = byName.get(action.name)!;
    if (!action.parent) {
      top.push(item);
      continue;
    }
    let parent = byName.get(action.parent);
    if (!parent) {
      parent = { key: action.parent, label: action.parent };
      byName.set(action.parent, parent);
      top.push(parent);
    }
    parent.buttons = [...(parent.buttons ?? []), item];
  }
  return top;
}

/**
 * A list row's actions: a "…" button whose menu (AdminJS's drop-down entries, the same actions and
 * click handling) is built only when it opens, so a list's rows cost no hidden menus. It opens on
 * hover, as AdminJS's did, and from the keyboard (Enter or Space; arrows move, Escape closes).
 */
const RowActionsMenu: React.FC<Props> = (props) => {
  const { translateAction } = useTranslation();
  const [open, setOpen] = useState(false);
  const [focusFirst, setFocusFirst] = useState(false);
  const wrapper = useRef<HTMLSpanElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const hovered = useRef(false);

  const entries = () => [...(wrapper.current?.querySelectorAll<HTMLElement>('[role="menuitem"][href]') ?? [])];
  useEffect(() => {
    if (open && focusFirst) entries()[0]?.focus();
    if (open && focusFirst) setFocusFirst(false);
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
        aria-label="Actions"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="actions-dropdown"
        onClick={(event: React.MouseEvent) => {
          // A click from the keyboard (no pointer) opens the menu at its first entry.
          if (event.detail === 0) setFocusFirst(true);
          setOpen(true);
        }}
      >
        <Dots />
      </Trigger>
      {open ? (
        <DropDownMenu isVisible stick="right" right={0} top="100%" role="menu">
          {menuItems(props, translateAction).map(({ key, ...item }) => (
            <DropDownItemWithButtons key={key} {...item} />
          ))}
        </DropDownMenu>
      ) : null}
    </Wrapper>
  );
};

export default RowActionsMenu;
