import React, { useEffect } from 'react';
import { Box, Button, FormGroup, H2, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { useSelector } from 'react-redux';
import { pageTitle } from './usePageTitle.js';

/** What the panel is for, beside the form. */
const WHAT_IS_INSIDE = [
  'Import CSV files of any size and follow them live',
  'Find, correct and export products',
  'Webhooks and e-mails keep other systems informed',
];

/**
 * The login page in our product's words (texts in src/admin/translations.ts, Login.*), in place of
 * AdminJS's, which advertises AdminJS. Posts to our throttled POST /admin/login.
 */
const LoginPage: React.FC = () => {
  const { action, errorMessage } = (window as unknown as { __APP_STATE__?: { action?: string; errorMessage?: string } }).__APP_STATE__ ?? {};
  const { translateComponent, translateMessage } = useTranslation();
  const branding = useSelector((state: { branding: { companyName: string; logo?: string } }) => state.branding);
  useEffect(() => {
    document.title = pageTitle(translateComponent('Login.loginButton'), branding.companyName);
  }, [branding.companyName]);
  // Our own messages are sentences; AdminJS's are translation keys.
  const message = errorMessage && (errorMessage.includes(' ') ? errorMessage : translateMessage(errorMessage));

  return (
    <Box flex variant="grey" alignItems="center" justifyContent="center" flexDirection="column" height="100%" data-testid="login-page">
      <Box bg="white" flex boxShadow="login" width={[1, 2 / 3, 'auto']}>
        <Box bg="primary100" color="white" p="x3" width="380px" flexGrow={0} display={['none', 'none', 'block']}>
          <H2 fontWeight="lighter" color="white">
            {translateComponent('Login.welcomeHeader')}
          </H2>
          <Text color="white" mt="default" data-testid="login-welcome">
            {translateComponent('Login.welcomeMessage')}
          </Text>
          <Box as="ul" mt="xl">
            {WHAT_IS_INSIDE.map((line) => (
              <Text as="li" key={line} color="white" mt="default" style={{ listStyle: 'disc outside', marginLeft: 18 }}>
                {line}
              </Text>
            ))}
          </Box>
        </Box>
        <Box as="form" action={action} method="POST" p="x3" flexGrow={1} width={['100%', '100%', '480px']}>
          <Box mb="xxl">
            {branding.logo ? <img src={branding.logo} alt={branding.companyName} style={{ maxWidth: 220 }} /> : <H2>{branding.companyName}</H2>}
          </Box>
          {message && <MessageBox my="lg" message={message} variant="danger" data-testid="login-error" />}
          <FormGroup>
            <Label required htmlFor="login-email">
              {translateComponent('Login.properties.email')}
            </Label>
            <Input id="login-email" name="email" inputMode="email" autoComplete="username" autoFocus />
          </FormGroup>
          <FormGroup>
            <Label required htmlFor="login-password">
              {translateComponent('Login.properties.password')}
            </Label>
            <Input id="login-password" type="password" name="password" autoComplete="current-password" />
          </FormGroup>
          <Text mt="xl" textAlign="center">
            <Button type="submit" variant="contained">
              {translateComponent('Login.loginButton')}
            </Button>
          </Text>
        </Box>
      </Box>
    </Box>
  );
};

export default LoginPage;
