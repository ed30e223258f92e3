import React from 'react';
import { Avatar, Box, SmallText, Title } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import { useTranslation } from 'adminjs';
import MenuButton, { MenuTrigger, type MenuItem } from './MenuButton.js';

type Props = { session: { email: string; title?: string }; paths: { logoutPath: string } };

// As AdminJS's current-user button: the e-mail over the admin's title, then the avatar's initial, the top bar's height.
const Trigger = styled(MenuTrigger)`
  display: flex;
  align-items: center;
  height: 64px;
  padding: 0 24px;
  color: #0c1e29;
  text-align: right;
`;

/**
 * The signed-in admin in the top bar (AdminJS's LoggedIn, same look: e-mail, title and initial) with its
 * menu (Log out), built when it opens (MenuButton) instead of AdminJS's drop-down, which measured
 * itself on every page load before the first paint.
 */
const UserMenu: React.FC<Props> = ({ session, paths }) => {
  const { translateButton } = useTranslation();
  const logout = translateButton('logout');
  return (
    <MenuButton
      label={`${session.email}: account menu`}
      Trigger={Trigger}
      items={() => [{ key: 'logout', label: logout, icon: 'LogOut', href: paths.logoutPath, role: 'menuitem' } as MenuItem]}
      data-testid="user-menu"
    >
      <Box>
        <Title>{session.email}</Title>
        {session.title ? <SmallText>{session.title}</SmallText> : null}
      </Box>
      <Avatar ml="lg">{session.email.slice(0, 1).toUpperCase()}</Avatar>
    </MenuButton>
  );
};

export default UserMenu;
