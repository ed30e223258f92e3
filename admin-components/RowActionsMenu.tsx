import React from 'react';
import { styled } from '@adminjs/design-system/styled-components';
import { actionHref, buildActionTestId, useTranslation, type ActionJSON } from 'adminjs';
import MenuButton, { MenuTrigger, type MenuItem } from './MenuButton.js';

type Props = {
  resourceId: string;
  recordId: string;
  actions: ActionJSON[];
  /** Runs an action the user picked (AdminJS's click handler: navigate, confirm, or call the API). */
  onAction: (event: React.MouseEvent, action: ActionJSON) => unknown;
};

// Drawn like AdminJS's light icon button.
const Trigger = styled(MenuTrigger)`
  display: inline-flex;
  align-items: center;
  justify-content: center;
  height: 32px;
  padding: 4px 8px;
  border-radius: 4px;
  color: #454655;
  &:hover,
  &[aria-expanded='true'] {
    background: rgba(48, 64, 214, 0.05);
  }
  & > svg {
    pointer-events: none;
  }
`;

/** Three dots, as AdminJS's MoreHorizontal icon (feather), drawn without the design system's Icon. */
const Dots = () => (
  <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
    <circle cx="5" cy="12" r="1" />
  </svg>
);

/** The menu's entries: each action, those with a `parent` nested under it (a parent that is no action becomes a label). */
function menuItems(props: Props, translateAction: (label: string, resourceId: string) => string): MenuItem[] {
  const params = { resourceId: props.resourceId, recordId: props.recordId };
  const byName = new Map<string, MenuItem>();
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
    } as MenuItem);
  }
  const top: MenuItem[] = [];
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
 * click handling) is built only when it opens (MenuButton), so a list's rows cost no hidden menus.
 */
const RowActionsMenu: React.FC<Props> = (props) => {
  const { translateAction } = useTranslation();
  return (
    <MenuButton label="Actions" Trigger={Trigger} items={() => menuItems(props, translateAction)} data-testid="actions-dropdown">
      <Dots />
    </MenuButton>
  );
};

export default RowActionsMenu;
