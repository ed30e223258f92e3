import { InputCSS } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';

/**
 * A native drop-down drawn as the panel's inputs (the design system's InputCSS, its padding and
 * height) on a white field: the filters of the job monitor and of a webhook's deliveries.
 */
const NativeSelect = styled.select`
  ${InputCSS};
  background: #fff;
  padding: 4px 8px;
  height: 34px;
`;

export default NativeSelect;
