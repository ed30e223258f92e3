import React from 'react';
import { Text } from '@adminjs/design-system';
import { useResource } from 'adminjs';

/**
 * How long the records of a list are kept, as a line the user sees without hovering ("Delivery
 * attempts are kept for 30 days."). The words are the server's (src/maintenance/retention.policy.ts),
 * carried on the list action of the resource that lists them (src/admin/resources/retentionNotes.ts);
 * a resource without one shows nothing.
 */
const RetentionNote: React.FC<{ resourceId: string; mt?: string; mb?: string }> = ({ resourceId, mt, mb }) => {
  const resource = useResource(resourceId);
  const note = resource?.actions.find((a) => a.name === 'list')?.custom?.retentionNote;
  if (typeof note !== 'string') return null;
  return (
    <Text variant="sm" color="grey60" mt={mt} mb={mb} data-testid="retention-note" data-resource={resourceId}>
      {note}.
    </Text>
  );
};

export default RetentionNote;
