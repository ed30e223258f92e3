/*
 * The panel's shared libraries, as AdminJS's own global bundle exposes them to its app bundle,
 * the design system and our components (window.React, window.ReactRouterDOM, …), built by
 * `npm run build` (scripts/build-admin.ts) from node_modules and served in place of AdminJS's.
 * The difference: AdminJS's imports core-js's whole `stable` polyfill set, whose feature tests
 * run on every page load in browsers that need none of it (measured in bench:admin). The
 * regenerator runtime stays: AdminJS's app bundle reads the global `regeneratorRuntime`.
 */
import 'regenerator-runtime/runtime';
import React from 'react';
import ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as Redux from 'redux';
import * as ReactRedux from 'react-redux';
import * as ReactRouter from 'react-router';
import * as ReactRouterDOM from 'react-router-dom';
import PropTypes from 'prop-types';
import * as ReactSelect from 'react-select';
import ReactSelectAsync from 'react-select/async';
import ReactSelectCreatable from 'react-select/creatable';
import * as FeatherIcons from 'react-feather';

Object.assign(window, {
  global: {},
  React,
  ReactDOM,
  createRoot,
  Redux,
  ReactRedux,
  ReactRouter,
  ReactRouterDOM,
  PropTypes,
  ReactSelect,
  ReactSelectAsync,
  ReactSelectCreatable,
  FeatherIcons,
});

export { React, ReactDOM, Redux, ReactRedux };
