import type { ApiClient } from '../api/client';
import type { Customer } from '../api/types';
import { useResource } from '../api/useResource';
import { customerPath } from '../routes';
import { formatCount, formatScore, formatTime } from '../format';
import { journeyInWords, stepInWords } from '../journeyWords';
import { Empty, Loaded } from './Status';
import { TableScroll } from './TableScroll';

/** Customers with open cases or negative or declining sentiment, and what is being done for them. */
export function AtRisk({ api, headingLevel = 2 }: { api: ApiClient; headingLevel?: 2 | 3 }) {
  const [list, retry] = useResource<{ customers: Customer[]; nextCursor: string | null }>(
    api,
    '/v1/customers?atRisk=true&limit=25',
  );
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="at-risk">
      <Heading id="at-risk">At-risk customers</Heading>
      <Loaded resource={list} what="at-risk customers" retry={retry}>
        {({ customers }) =>
          customers.length === 0 ? (
            <Empty>Nobody is at risk: no customer has an open case or negative or declining sentiment.</Empty>
          ) : (
            <TableScroll label="At-risk customers, as a table" tall>
              <table>
                <caption>The 25 most recently active, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">Sentiment</th>
                    <th scope="col">Open cases</th>
                    <th scope="col">Being done</th>
                    <th scope="col">Last event</th>
                  </tr>
                </thead>
                <tbody>
                  {customers.map((c) => (
                    <tr key={c.customerId}>
                      <th scope="row">
                        <a href={customerPath(c.customerId)}>{c.customerId}</a>
                      </th>
                      <td>
                        {c.sentiment.label} ({formatScore(c.sentiment.score)}), {c.sentiment.trend}
                      </td>
                      <td class="num">
                        {formatCount(c.openCases.length)}
                        {c.openCases.some((k) => k.reason === 'disruption') ? ' (disruption)' : ''}
                      </td>
                      <td>
                        <BeingDone customer={c} />
                      </td>
                      <td>{formatTime(c.lastEventAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
    </section>
  );
}

/**
 * What is being done for the customer: each running journey with the step it is at ("Service recovery —
 * waiting for the case to be resolved until 4 Dec, 16:00"), the recovery first.
 */
function BeingDone({ customer }: { customer: Customer }) {
  const journeys = [...customer.journeys].sort(
    (a, b) => Number(b.name === 'serviceRecovery') - Number(a.name === 'serviceRecovery'),
  );
  if (journeys.length === 0) {
    return (
      <>{customer.activeJourneys.length > 0 ? customer.activeJourneys.join(', ') : 'no journey running'}</>
    );
  }
  return (
    <ul class="plain">
      {journeys.map((j) => (
        <li key={j.journeyId}>
          <strong>{journeyInWords(j.name)}</strong> —{' '}
          {j.currentStep ? stepInWords(j.currentStep.step, j.currentStep.detail, formatTime) : 'starting'}
        </li>
      ))}
    </ul>
  );
}
