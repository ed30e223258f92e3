import React, { useEffect, useState } from 'react';
import { FormGroup, FormMessage, Input, Label, MessageBox } from '@adminjs/design-system';
import { ApiClient, type EditPropertyProps } from 'adminjs';

/**
 * The warning for a URL whose deliveries the server would refuse (loopback, private network,
 * cloud metadata), asked of the server as the URL is typed: the rule and the setting
 * (WEBHOOK_ALLOW_PRIVATE_NETWORKS) live there, in webhooks.ssrf.ts, once.
 */
export function useRefusedUrlWarning(url: string): string | null {
  const [warning, setWarning] = useState<string | null>(null);
  useEffect(() => {
    if (!/^https?:\/\/[^/]/i.test(url.trim())) {
      setWarning(null);
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      new ApiClient()
        .resourceAction({ resourceId: 'webhooks', actionName: 'checkUrl', method: 'post', data: { url } })
        .then((res) => current && setWarning((res.data as { warning?: string | null }).warning ?? null))
        .catch(() => current && setWarning(null));
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [url]);
  return warning;
}

/** The warning under a URL field, when there is one. */
export const RefusedUrlWarning: React.FC<{ url: string }> = ({ url }) => {
  const warning = useRefusedUrlWarning(url);
  return warning ? <MessageBox mt="default" variant="warning" message={warning} data-testid="webhook-url-warning" /> : null;
};

/** The webhook's URL field of the edit form, with the same warning as the creation form. */
const WebhookUrlInput: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const url = String(record.params?.[property.path] ?? '');
  const error = record.errors?.[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <Label required htmlFor={property.path}>
        {property.label}
      </Label>
      <Input
        id={property.path}
        name={property.path}
        value={url}
        width={1}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(property.path, e.target.value)}
      />
      <RefusedUrlWarning url={url} />
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default WebhookUrlInput;
