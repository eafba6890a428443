/** Every channel an event comes through (docs/DESIGN.md, events), in the order the dashboard lists them. */
export const EVENT_CHANNELS = [
  'chat',
  'email',
  'phone',
  'review',
  'social',
  'sms',
  'push',
  'web',
  'app',
  'store',
  'ops',
] as const;

/** Colours told apart by people with the common colour-vision deficiencies (Okabe–Ito), then greys. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8a7a00', '#000000'];

export function channelColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}
