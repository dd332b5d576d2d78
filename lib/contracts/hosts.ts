/** The domain block of an environment's config, as far as host names go. */
export interface DomainNames {
  /** The site's apex, e.g. `flashcard-lms.com`. */
  readonly name: string;
  /** Label of the API host. */
  readonly apiSubdomain: string;
  /** Label of the status page host. */
  readonly statusSubdomain: string;
  /** Whether `www.<name>` serves the site too. */
  readonly includeWww: boolean;
}

/** The host names the load balancer routes on. */
export interface SiteHosts {
  /** The web app. */
  readonly site: string;
  /** The backend API. */
  readonly api: string;
  /** The public status page. */
  readonly status: string;
  /** `www.<site>`, when the site also answers there. */
  readonly www?: string;
}

export function siteHosts(domain: DomainNames): SiteHosts {
  const { name, apiSubdomain, statusSubdomain, includeWww } = domain;
  return { site: name, api: `${apiSubdomain}.${name}`, status: `${statusSubdomain}.${name}`, ...(includeWww ? { www: `www.${name}` } : {}) };
}

/** The plan's Content-Security-Policy for the web app; the browser calls the API host directly. */
export function contentSecurityPolicy(apiHost: string): string {
  return (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; " +
    `font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https:; connect-src 'self' https://${apiHost}`
  );
}
