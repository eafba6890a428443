import type {
  ServiceRecoverySettings,
  ServiceRecoveryTrigger,
} from '../../domain/journeys/serviceRecoveryRules';
import {
  apologyContent,
  describeTopics,
  recoveryOfferFor,
  resolvesCase,
} from '../../domain/journeys/serviceRecoveryRules';
import { isUnhappyEvent } from '../../domain/journeys/journeyEvent';
import { parseDuration } from '../../domain/policy/duration';
import type { JourneyInput } from './messages';
import type { JourneyOutcome } from './journeyRuntime';
import { runJourney } from './journeyRuntime';

/** SLA escalations before the journey leaves the case to the team (the case stays open). */
const MAX_SLA_ESCALATIONS = 3;

/** Service priority: above any campaign, so the apology takes a slot before a promotion would. */
const APOLOGY_PRIORITY = 90;

/**
 * Service recovery: the customer is unhappy (a negative message) or let down (a disruption) and has an open
 * case. Alert the team, apologise (with an offer for high-value tiers), wait for the case to be resolved —
 * escalating each time `resolutionSla` passes (at most three times, then the case is the team's alone) and
 * once if the customer complains again — then, `surveyAfter` the resolution, ask for a CSAT score. A new
 * unhappy event after resolution ends it without the survey (and, through its new case, starts the next
 * recovery).
 */
export async function serviceRecoveryJourney(
  input: JourneyInput<ServiceRecoveryTrigger, ServiceRecoverySettings>,
): Promise<JourneyOutcome> {
  const { trigger, settings } = input;
  const { caseId } = trigger;
  let resolved = false;
  return runJourney(input, {
    // Before resolution a new complaint escalates (below); after it, it ends the journey: no survey for a
    // customer who is unhappy again (their next complaint starts a new recovery).
    exitWhen: (event) => (resolved && isUnhappyEvent(event) ? 'unhappy_again' : undefined),
    async run(journey) {
      const about =
        trigger.reason === 'disruption'
          ? `a disruption (${trigger.disruptionKind ?? 'unknown'})`
          : 'a complaint';
      const topics = trigger.topics ?? [];
      await journey.alertTeam('team_alerted', {
        title: `Service case ${caseId} opened${topics.length > 0 ? `: ${topics.map((t) => t.name).join(', ')}` : ''}`,
        text: `Customer ${input.customerId} has an open case after ${about} on ${trigger.channel}.${topics.length > 0 ? ` Topics: ${describeTopics(topics)}.` : ''}${trigger.text ? ` They said: "${trigger.text}"` : ''}`,
        severity: 'warning',
        caseId,
        // The team that owns the most negative topic hears it (policy `teams`); the default webhook otherwise.
        ...(topics.length > 0 ? { topics: topics.map((t) => t.name) } : {}),
      });
      const offer = recoveryOfferFor(input.traits, settings);
      await journey.send('apology', {
        channel: 'email',
        category: 'service',
        priority: APOLOGY_PRIORITY,
        content: apologyContent(trigger, offer),
      });

      // Escalate when the SLA passes (again each further SLA, up to MAX_SLA_ESCALATIONS, then hand the case
      // to the team for good), and once if the customer complains again meanwhile.
      const sla = parseDuration(settings.resolutionSla);
      let deadline = Date.parse(input.startedAt) + sla;
      let slaEscalations = 0;
      let complaintEscalated = false;
      for (;;) {
        const event = await journey.waitForEvent(
          'awaiting_resolution',
          (e) => resolvesCase(e, caseId) || (!complaintEscalated && isUnhappyEvent(e)),
          { timeout: Math.max(0, deadline - Date.now()) },
        );
        if (event && resolvesCase(event, caseId)) break;
        if (event) {
          complaintEscalated = true;
          await journey.alertTeam('escalated_complaint', {
            title: `Service case ${caseId} escalated`,
            text: `Customer ${input.customerId} is unhappy again while case ${caseId} is open.`,
            severity: 'critical',
            caseId,
          });
          continue;
        }
        slaEscalations++;
        await journey.alertTeam(slaEscalations === 1 ? 'escalated_sla' : `escalated_sla_${slaEscalations}`, {
          title: `Service case ${caseId} escalated`,
          text: `Case ${caseId} of customer ${input.customerId} is not resolved within ${slaEscalations === 1 ? settings.resolutionSla : `${slaEscalations} × ${settings.resolutionSla}`}.`,
          severity: 'critical',
          caseId,
        });
        if (slaEscalations >= MAX_SLA_ESCALATIONS) return 'unresolved_after_escalations';
        deadline += sla;
      }
      // Unhappy again right after the resolution (in the same batch, say): no survey for them.
      if (journey.received(isUnhappyEvent)) return 'unhappy_again';
      resolved = true;

      await journey.sleep('wait_before_survey', settings.surveyAfter);
      await journey.send('csat_survey', {
        channel: 'email',
        category: 'survey',
        content: { template: 'csat-survey', data: { caseId, kind: 'csat' } },
      });
      return 'surveyed';
    },
  });
}
