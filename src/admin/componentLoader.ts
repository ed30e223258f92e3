import path from 'node:path';
import { ComponentLoader } from 'adminjs';
import { projectRoot } from '../../config/env.js';

/** The one component loader: the build-time bundle and the running app must agree on it. */
export const componentLoader = new ComponentLoader();

const add = (name: string) => componentLoader.add(name, path.join(projectRoot, 'admin-components', `${name}.tsx`));

/** Custom React components, by the name the user sees. */
export const Components = {
  CreateApiToken: add('CreateApiToken'),
  ConfirmRecordAction: add('ConfirmRecordAction'),
};
