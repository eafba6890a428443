import type { Connection } from 'mongoose';
import { alertModel } from './alert';
import { apiKeySchema } from './apiKey';
import { atRiskSetSchema } from './atRiskSet';
import { contactSchema } from './contact';
import { customerSchema } from './customer';
import { customerListSchema } from './customerList';
import { decisionSchema } from './decision';
import { eventSchema } from './event';
import { incidentSchema } from './incident';
import { journeyStepSchema } from './journeyStep';
import { registerNumberedLogModels } from './numberedLog';
import { outboxModel } from './outbox';
import { registerPolicyModels } from './policy';
import { processedEventSchema } from './processedEvent';
import { reportCounterSchema } from './reportCounter';
import { registerTemplateModels } from './template';

export function registerModels(connection: Connection) {
  return {
    customers: connection.model('Customer', customerSchema, 'customers'),
    events: connection.model('Event', eventSchema, 'events'),
    processedEvents: connection.model('ProcessedEvent', processedEventSchema, 'processed_events'),
    apiKeys: connection.model('ApiKey', apiKeySchema, 'api_keys'),
    contacts: connection.model('Contact', contactSchema, 'contacts'),
    decisions: connection.model('Decision', decisionSchema, 'decisions'),
    journeySteps: connection.model('JourneyStep', journeyStepSchema, 'journey_steps'),
    outbox: outboxModel(connection),
    customerLists: connection.model('CustomerList', customerListSchema, 'customer_lists'),
    alerts: alertModel(connection),
    reportCounters: connection.model('ReportCounter', reportCounterSchema, 'report_counters'),
    incidents: connection.model('Incident', incidentSchema, 'incidents'),
    atRiskSets: connection.model('AtRiskSet', atRiskSetSchema, 'at_risk_sets'),
    ...registerPolicyModels(connection),
    ...registerTemplateModels(connection),
    ...registerNumberedLogModels(connection),
  };
}

export type Models = ReturnType<typeof registerModels>;
