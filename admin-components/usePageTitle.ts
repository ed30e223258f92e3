import { useEffect } from 'react';
import { useSelector } from 'react-redux';

/** "Products · ACME Product Importer": the browser tab names the page, then the product. */
export function pageTitle(heading: string, productName: string): string {
  return heading ? `${heading} · ${productName}` : productName;
}

/**
 * Sets the browser tab's title while the calling component is shown; null leaves it alone. The
 * previous title comes back when the component goes (a drawer closing shows its page's title again).
 */
export function usePageTitle(heading: string | null): void {
  const productName = useSelector((state: { branding: { companyName: string } }) => state.branding.companyName);
  useEffect(() => {
    if (heading === null) return undefined;
    const previous = document.title;
    document.title = pageTitle(heading, productName);
    return () => {
      document.title = previous;
    };
  }, [heading, productName]);
}
