import React, { useEffect, useState } from 'react';
import { Button, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps } from 'adminjs';
import { formatNumber } from './format.js';
import TypedConfirmation from './TypedConfirmation.js';
import { useApiCall } from './useApiCall.js';

/**
 * Full-screen confirmation for deleting every product: the user types the number of products (as
 * shown, "79,997", or without separators) or the word DELETE (TypedConfirmation). The deletion runs
 * only from the POST this screen sends (with the session).
 */
const DeleteAllProducts: React.FC<ActionProps> = ({ resource, action }) => {
  const { busy, error, setError, call } = useApiCall();
  const [count, setCount] = useState<number | null>(null);
  const [result, setResult] = useState<{ deleted: number } | null>(null);
  const api = new ApiClient();
  const listUrl = `/admin/resources/${resource.id}`;

  useEffect(() => {
    api
      .resourceAction({ resourceId: resource.id, actionName: action.name })
      .then((res) => setCount(Number((res.data as { count?: number }).count ?? 0)))
      .catch((e: Error) => setError(e.message));
  }, []);

  const run = async (typed: string) => {
    await call(async () => {
      const res = await api.resourceAction({ resourceId: resource.id, actionName: action.name, method: 'post', data: { confirmation: typed } });
      const data = res.data as { deleted?: number; error?: string };
      if (data.error) setError(data.error);
      else setResult({ deleted: Number(data.deleted ?? 0) });
    });
  };

  return (
    <TypedConfirmation
      testId="delete-all"
      title="Delete all products"
      prompt={
        <>
          Type <strong>{count === null ? '…' : formatNumber(count)}</strong> or <strong>DELETE</strong> to confirm
        </>
      }
      accepted={count === null ? ['DELETE'] : ['DELETE', String(count), formatNumber(count)]}
      submitLabel="Delete all products"
      busyLabel="Deleting…"
      busy={busy}
      ready={count !== null}
      error={error}
      cancelHref={listUrl}
      onConfirm={(typed) => void run(typed)}
      outcome={
        result && {
          title: 'All products deleted',
          tone: 'success',
          content: (
            <>
              <MessageBox variant="success" mb="xl" data-testid="delete-all-result" message={`${formatNumber(result.deleted)} products were deleted.`} />
              <Button as="a" href={listUrl} variant="contained">
                Back to products
              </Button>
            </>
          ),
        }
      }
    >
      <Text mb="lg">
        This permanently deletes <strong data-testid="delete-all-count">{count === null ? '…' : formatNumber(count)}</strong> products. Webhook subscribers are
        told, but the products cannot be recovered.
      </Text>
    </TypedConfirmation>
  );
};

export default DeleteAllProducts;
