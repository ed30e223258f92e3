import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiClient, useNotice, type ListActionResponse, type RecordJSON } from 'adminjs';
import { isListToRender, listRequestUrl, takePrefetchedNow } from './prefetched.js';

export interface ListPage {
  records: RecordJSON[];
  page: number;
  perPage: number;
  total: number;
  direction: 'asc' | 'desc';
  sortBy?: string;
  loading: boolean;
}

const NOTHING_YET: ListPage = { records: [], page: 1, perPage: 10, total: 0, direction: 'asc', loading: false };
const pageOf = (answer: ListActionResponse): ListPage => ({
  records: answer.records,
  page: answer.meta.page,
  perPage: answer.meta.perPage,
  total: answer.meta.total,
  direction: answer.meta.direction,
  sortBy: answer.meta.sortBy,
  loading: false,
});

const api = new ApiClient();

/** AdminJS's query parameter for "ask for the list again" (set by actions that changed records). */
export const REFRESH = 'refresh';
const hasRefresh = (search: string) => Boolean(new URLSearchParams(search).get(REFRESH));
const withoutRefresh = (search: string) => {
  const query = new URLSearchParams(search);
  query.delete(REFRESH);
  return query.toString();
};

/**
 * A resource list's page of records for the address's query, as AdminJS's useRecords (asks again when
 * the query or the resource changes; drops `refresh` from the address first; shows the answer's notice,
 * follows its redirect), except that when the page's early request (panelPrefetch) has already answered
 * for this very query, the first render has its rows: no render of an empty list, then the rows.
 */
export function useListRecords(resourceId: string): ListPage & { fetchData: () => Promise<unknown> } {
  const location = useLocation();
  const navigate = useNavigate();
  const addNotice = useNotice();
  const [early] = useState(() => {
    const answer = hasRefresh(location.search) ? null : takePrefetchedNow<ListActionResponse>(listRequestUrl(resourceId, location.search));
    return isListToRender(answer) ? answer : null;
  });
  const [list, setList] = useState<ListPage>(() => (early ? pageOf(early) : NOTHING_YET));
  // The first ask is already answered when the first render had the early answer.
  const answered = useRef(Boolean(early));

  const fetchData = useCallback(() => {
    setList((l) => ({ ...l, loading: true }));
    const asked = api.resourceAction({ actionName: 'list', resourceId, params: new URLSearchParams(location.search) });
    asked
      .then(({ data }) => {
        const answer = data as ListActionResponse;
        if (answer.notice) addNotice(answer.notice);
        if (answer.redirectUrl) navigate(answer.redirectUrl);
        else setList(pageOf(answer));
      })
      .catch(() => addNotice({ message: 'errorFetchingRecords', type: 'error', resourceId }));
    return asked;
  }, [resourceId, location.search, navigate, addNotice]);

  useEffect(() => {
    if (hasRefresh(location.search)) {
      navigate({ pathname: location.pathname, search: withoutRefresh(location.search) }, { replace: true });
    } else if (answered.current) {
      answered.current = false;
    } else {
      void fetchData();
    }
    // As AdminJS's list: a new query, resource or navigation state asks again.
  }, [resourceId, location.search, location.state]);

  return { ...list, fetchData };
}
