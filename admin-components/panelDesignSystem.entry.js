/*
 * AdminJS's design system with the globals its published bundle sets (window.AdminJSDesignSystem,
 * window.styled, window.ReactDatepicker), built by `npm run build` (scripts/panelBundles.ts) from
 * its package and served in place of that bundle. The difference: the illustrations that no code
 * of the panel names are left out (about 0.6 MB of SVG drawn in JavaScript, the default dashboard's
 * among them, that every first visit downloaded and compiled). React, React Router and the feather
 * icons come from the global bundle (panelGlobals.entry.js), as they do for the published one.
 */
import ReactDatepicker from 'react-datepicker';
import * as styled from '@adminjs/design-system/styled-components';

window.styled = window.styled || styled;
window.ReactDatepicker = window.ReactDatepicker || ReactDatepicker.default || ReactDatepicker;

export * from '@adminjs/design-system';
