import React, { useState } from 'react';
import { Box, Button, ValueGroup } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';

/** Links in the message open in a new tab, outside the sandbox; the panel itself may not be framed. */
const withLinksInNewTab = (html: string) => `<base target="_blank">${html}`;

/**
 * An e-mail of the outbox as its recipient sees it, or its plain-text part. The HTML is shown in
 * a sandboxed frame (srcdoc, no scripts, no access to the panel: an opaque origin), never as source.
 */
const MailMessage: React.FC<BasePropertyProps> = ({ record }) => {
  const html = String(record?.params.html_body ?? '');
  const text = String(record?.params.text_body ?? '');
  const [view, setView] = useState<'html' | 'text'>(html ? 'html' : 'text');
  const tab = (name: 'html' | 'text', label: string) => (
    <Button
      type="button"
      size="sm"
      mr="default"
      variant={view === name ? 'contained' : 'outlined'}
      onClick={() => setView(name)}
      data-testid={`mail-view-${name}`}
      disabled={name === 'html' && !html}
    >
      {label}
    </Button>
  );
  return (
    <ValueGroup label="Message">
      <Box mb="default">
        {tab('html', 'As received')}
        {tab('text', 'Plain text')}
      </Box>
      {view === 'html' ? (
        <iframe
          title="The e-mail as its recipient sees it"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={withLinksInNewTab(html)}
          data-testid="mail-html"
          style={{ width: '100%', height: 420, border: '1px solid #EEEEEF', borderRadius: 4, background: '#fff', resize: 'vertical' }}
        />
      ) : (
        <Box
          as="pre"
          p="lg"
          bg="grey20"
          data-testid="mail-text"
          style={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace', lineHeight: 1.5, maxHeight: 420, overflow: 'auto' }}
        >
          {text || '(no plain-text part)'}
        </Box>
      )}
    </ValueGroup>
  );
};

export default MailMessage;
