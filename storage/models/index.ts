import type { Connection } from 'mongoose';
import { apiKeySchema } from './apiKey';
import { customerSchema } from './customer';
import { eventSchema } from './event';

export function registerModels(connection: Connection) {
  return {
    customers: connection.model('Customer', customerSchema, 'customers'),
    events: connection.model('Event', eventSchema, 'events'),
    apiKeys: connection.model('ApiKey', apiKeySchema, 'api_keys'),
  };
}

export type Models = ReturnType<typeof registerModels>;
