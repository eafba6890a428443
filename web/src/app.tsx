import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation, useRoute } from 'preact-iso';
import { ApiClient } from './api/client';
import { ApiError } from './api/problem';
import { Loading } from './components/Status';
import { CustomerPage } from './pages/CustomerPage';
import { Customers } from './pages/Customers';
import { Decisions } from './pages/Decisions';
import { Journeys } from './pages/Journeys';
import { Overview } from './pages/Overview';
import { Policy } from './pages/Policy';
import { SignIn } from './pages/SignIn';
import { BASE, paths } from './routes';
import type { Session } from './session';
import { SignedInContext, useSignedIn } from './signedIn';
import { canRead, forgetKey, openSession, storeKey, storedKey } from './session';

const NAV = [
  // preact-iso's path has no trailing slash: /app/ is "/app".
  { href: paths.overview, label: 'Overview', current: (path: string) => path === BASE },
  { href: paths.customers, label: 'Customers', current: (path: string) => path.startsWith(paths.customers) },
  { href: paths.journeys, label: 'Journeys', current: (path: string) => path.startsWith(paths.journeys) },
  { href: paths.decisions, label: 'Decisions', current: (path: string) => path.startsWith(paths.decisions) },
  { href: paths.policy, label: 'Policy', current: (path: string) => path.startsWith(paths.policy) },
];

export function App() {
  // undefined: a key kept by this tab is being checked; null: signed out.
  const [session, setSession] = useState<Session | null | undefined>(() => (storedKey() ? undefined : null));
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    openSession(key).then(
      (s) => setSession(canRead(s.role) ? s : null),
      (error: unknown) => {
        // A key the API no longer takes is forgotten; an unreachable API keeps it for the next reload.
        if (error instanceof ApiError && error.status === 401) forgetKey();
        setNotice(error instanceof ApiError ? `${error.title}: ${error.detail}` : String(error));
        setSession(null);
      },
    );
  }, []);

  const signOut = (why?: string) => {
    forgetKey();
    setNotice(why);
    setSession(null);
  };

  return (
    <LocationProvider scope={BASE}>
      {session === undefined ? (
        <main id="main">
          <Loading what="your session" />
        </main>
      ) : session === null ? (
        <SignIn
          notice={notice}
          onSignedIn={(s) => {
            storeKey(s.key);
            setNotice(undefined);
            setSession(s);
          }}
        />
      ) : (
        <SignedIn session={session} onSignOut={signOut} />
      )}
    </LocationProvider>
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: (why?: string) => void }) {
  const { path } = useLocation();
  const api = useMemo(
    () =>
      new ApiClient(session.key, (detail) =>
        onSignOut(`Signed out: the API no longer accepts this key. ${detail}`),
      ),
    [session.key],
  );
  const signedIn = useMemo(() => ({ api, session }), [api, session]);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // A new page is announced by moving focus to it, as a full page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span class="brand">Tutti</span>
        <nav aria-label="Dashboard">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={item.current(path) ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {session.keyName} ({session.role}), workspace {session.workspace}
        </span>
        <button type="button" onClick={() => onSignOut('Signed out.')}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <SignedInContext.Provider value={signedIn}>
          <Router>
            <Route path={paths.overview} component={OverviewRoute} />
            <Route path={paths.customers} component={CustomersRoute} />
            <Route path={`${paths.customers}/:customerId`} component={CustomerRoute} />
            <Route path={paths.journeys} component={JourneysRoute} />
            <Route path={paths.decisions} component={DecisionsRoute} />
            <Route path={paths.policy} component={PolicyRoute} />
            <Route default component={NotFound} />
          </Router>
        </SignedInContext.Provider>
      </main>
    </>
  );
}

const OverviewRoute = () => <Overview api={useSignedIn().api} />;
const CustomersRoute = () => <Customers api={useSignedIn().api} />;
function PolicyRoute() {
  const { api, session } = useSignedIn();
  return <Policy api={api} session={session} />;
}
function DecisionsRoute() {
  const { api, session } = useSignedIn();
  return <Decisions api={api} session={session} />;
}
function JourneysRoute() {
  const { api, session } = useSignedIn();
  return <Journeys api={api} session={session} />;
}

function CustomerRoute() {
  const { api, session } = useSignedIn();
  const { params } = useRoute();
  const customerId = decodeURIComponent(params.customerId ?? '');
  // A new customer is a new page: nothing of the previous one's state carries over.
  return <CustomerPage key={customerId} api={api} session={session} customerId={customerId} />;
}

function NotFound() {
  return (
    <>
      <h1>No such page</h1>
      <p>
        This address is not a page of the dashboard. Go to the <a href={paths.overview}>Overview</a>.
      </p>
    </>
  );
}
