import React from 'react';
import { Box } from '@adminjs/design-system';
import { BreadcrumbLink, BreadcrumbText, useTranslation, type BreadcrumbProps } from 'adminjs';
import { useSelector } from 'react-redux';

/**
 * Where a page sits, in our words: "Dashboard / Products / Desk lamp / Edit product". AdminJS's own
 * ends in its generic action names ("Show", "Create new") and never names the record.
 */
const Breadcrumbs: React.FC<BreadcrumbProps> = ({ resource, record, actionName }) => {
  const { translateLabel, translateAction } = useTranslation();
  const rootPath = useSelector((state: { paths: { rootPath: string } }) => state.paths.rootPath);
  const listName = translateLabel(resource.name, resource.id);
  const action = resource.actions.find((a) => a.name === actionName);
  const hasList = resource.resourceActions.some((a) => a.name === 'list');
  const showHref = record && record.recordActions.some((a) => a.name === 'show') ? `${resource.href}/records/${record.id}/show` : null;
  const crumbs: React.ReactNode[] = [
    <BreadcrumbLink key="dashboard" to={rootPath}>
      {translateLabel('dashboard')}
    </BreadcrumbLink>,
    hasList && resource.href ? (
      <BreadcrumbLink key="list" to={resource.href}>
        {listName}
      </BreadcrumbLink>
    ) : (
      <BreadcrumbText key="list">{listName}</BreadcrumbText>
    ),
  ];
  if (record)
    crumbs.push(
      showHref ? (
        <BreadcrumbLink key="record" to={showHref}>
          {record.title}
        </BreadcrumbLink>
      ) : (
        <BreadcrumbText key="record">{record.title}</BreadcrumbText>
      ),
    );
  if (action && action.name !== 'list' && action.name !== 'show') {
    crumbs.push(
      <BreadcrumbLink key="action" to="#">
        {translateAction(action.label, resource.id)}
      </BreadcrumbLink>,
    );
  }
  return (
    <Box flexGrow={1} className="adminjs_Breadcrumbs" data-css={`${resource.id}-${actionName}-breadcrumbs`}>
      {crumbs}
    </Box>
  );
};

export default Breadcrumbs;
