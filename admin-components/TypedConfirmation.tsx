import React, { useState } from 'react';
import { Box, Button, H2, Input, Label, MessageBox } from '@adminjs/design-system';

/**
 * The panel's one full-screen confirmation for what cannot be taken back lightly ("Delete all
 * products", "Revert this import"): it says what will happen, and its button works only once the
 * user has typed one of the `accepted` texts. Once done, the same screen shows `outcome`.
 * Test ids: `${testId}-screen`, `-confirmation`, `-submit`, `-error`.
 */
const TypedConfirmation: React.FC<{
  testId: string;
  title: string;
  /** What will happen, in words and numbers. */
  children: React.ReactNode;
  /** "Type 42 or DELETE to confirm". */
  prompt: React.ReactNode;
  accepted: string[];
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  /** False while what will happen is still being counted. */
  ready: boolean;
  error: string | null;
  cancelHref: string;
  onConfirm: (typed: string) => void;
  /** Shown instead of the form once the action ran (result, progress). */
  outcome?: { title: string; tone: 'success' | 'error' | 'primary100'; content: React.ReactNode } | null;
}> = ({ testId, title, children, prompt, accepted, submitLabel, busyLabel, busy, ready, error, cancelHref, onConfirm, outcome }) => {
  const [typed, setTyped] = useState('');
  const matches = accepted.includes(typed.trim());
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (matches && ready && !busy) onConfirm(typed.trim());
  };
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby={`${testId}-title`}
      data-testid={`${testId}-screen`}
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 1000,
        background: 'rgba(20, 20, 40, 0.92)',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Box as="form" onSubmit={submit} variant="white" p="xxl" style={{ width: 600, maxWidth: '94vw', maxHeight: '94vh', overflowY: 'auto', borderRadius: 8 }}>
        <H2 id={`${testId}-title`} color={outcome ? outcome.tone : 'error'}>
          {outcome ? outcome.title : title}
        </H2>
        {outcome ? (
          outcome.content
        ) : (
          <>
            {children}
            <Label htmlFor={`${testId}-confirmation`}>{prompt}</Label>
            <Input
              id={`${testId}-confirmation`}
              data-testid={`${testId}-confirmation`}
              autoFocus
              autoComplete="off"
              width={1}
              value={typed}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTyped(e.target.value)}
            />
            {error && <MessageBox mt="lg" variant="danger" message={error} data-testid={`${testId}-error`} />}
            <Box mt="xl" flex flexDirection="row" justifyContent="space-between">
              <Button as="a" href={cancelHref} variant="outlined">
                Cancel
              </Button>
              <Button type="submit" variant="contained" color="danger" disabled={!matches || busy || !ready} data-testid={`${testId}-submit`}>
                {busy ? busyLabel : submitLabel}
              </Button>
            </Box>
          </>
        )}
      </Box>
    </div>
  );
};

export default TypedConfirmation;
