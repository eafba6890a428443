import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { ApiClient } from '../api/client';
import { AtRisk } from '../components/AtRisk';
import { customerPath } from '../routes';

/** The customer id rule of the API (docs/DESIGN.md): checked here so a typo is told before any request. */
const CUSTOMER_ID = /^[A-Za-z0-9._:@+-]{1,128}$/;

export function CustomerSearch() {
  const { route } = useLocation();
  const [id, setId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const wanted = id.trim();
        if (!CUSTOMER_ID.test(wanted)) {
          setProblem(
            'A customer ID is 1–128 letters, digits or . _ : @ + - (the id your systems send with events).',
          );
          return;
        }
        setProblem(null);
        route(customerPath(wanted));
      }}
    >
      <label for="customer-id">Customer ID</label>
      <input
        id="customer-id"
        name="customerId"
        value={id}
        autoComplete="off"
        spellcheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'customer-id-problem' : undefined}
        onInput={(e) => setId(e.currentTarget.value)}
      />
      <button type="submit">Find</button>
      {problem && (
        <p id="customer-id-problem" role="alert" class="error">
          {problem}
        </p>
      )}
    </form>
  );
}

export function Customers({ api }: { api: ApiClient }) {
  return (
    <>
      <h1>Customers</h1>
      <CustomerSearch />
      <AtRisk api={api} />
    </>
  );
}
