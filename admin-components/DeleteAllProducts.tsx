import React, { useEffect, useState } from 'react';
import { Box, Button, H2, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps } from 'adminjs';

/**
 * Full-screen confirmation for deleting every product: the user types the number of products or
 * the word DELETE. The deletion runs only from the POST this screen sends (with the session).
 */
const DeleteAllProducts: React.FC<ActionProps> = ({ resource, action }) => {
  const [count, setCount] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ deleted: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = new ApiClient();
  const listUrl = `/admin/resources/${resource.id}`;

  useEffect(() => {
    api
      .resourceAction({ resourceId: resource.id, actionName: action.name })
      .then((res) => setCount(Number((res.data as { count?: number }).count ?? 0)))
      .catch((e: Error) => setError(e.message));
  }, []);

  const matches = typed.trim() === 'DELETE' || (count !== null && typed.trim() === String(count));
  const run = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!matches) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api.resourceAction({ resourceId: resource.id, actionName: action.name, method: 'post', data: { confirmation: typed.trim() } });
      const data = res.data as { deleted?: number; error?: string };
      if (data.error) setError(data.error);
      else setResult({ deleted: Number(data.deleted ?? 0) });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby="delete-all-title"
      data-testid="delete-all-screen"
      style={{ position: 'fixed', inset: 0, zIndex: 1000, background: 'rgba(20, 20, 40, 0.92)', display: 'flex', alignItems: 'center', justifyContent: 'center' }}
    >
      <Box as="form" onSubmit={run} variant="white" p="xxl" style={{ width: 560, maxWidth: '94vw', borderRadius: 8 }}>
        <H2 id="delete-all-title" color={result ? 'success' : 'error'}>{result ? 'All products deleted' : 'Delete all products'}</H2>
        {result ? (
          <>
            <MessageBox variant="success" mb="xl" data-testid="delete-all-result" message={`${result.deleted.toLocaleString('en-US')} products were deleted.`} />
            <Button as="a" href={listUrl} variant="contained">Back to products</Button>
          </>
        ) : (
          <>
            <Text mb="lg">
              This permanently deletes <strong data-testid="delete-all-count">{count === null ? '…' : count.toLocaleString('en-US')}</strong> products.
              Webhook subscribers are told, but the products cannot be recovered.
            </Text>
            <Label htmlFor="delete-all-confirmation">
              Type <strong>{count ?? '…'}</strong> or <strong>DELETE</strong> to confirm
            </Label>
            <Input
              id="delete-all-confirmation"
              data-testid="delete-all-confirmation"
              autoFocus
              autoComplete="off"
              width={1}
              value={typed}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTyped(e.target.value)}
            />
            {error && <MessageBox mt="lg" variant="danger" message={error} data-testid="delete-all-error" />}
            <Box mt="xl" flex flexDirection="row" justifyContent="space-between">
              <Button as="a" href={listUrl} variant="outlined">Cancel</Button>
              <Button type="submit" variant="danger" disabled={!matches || busy || count === null} data-testid="delete-all-submit">
                {busy ? 'Deleting…' : 'Delete all products'}
              </Button>
            </Box>
          </>
        )}
      </Box>
    </div>
  );
};

export default DeleteAllProducts;
