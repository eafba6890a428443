/** The channels an outbound message can go out on (DESIGN.md, contact requests). */
export const CHANNELS = ['email', 'sms', 'push', 'webhook'] as const;

export type Channel = (typeof CHANNELS)[number];
