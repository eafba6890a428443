/** A topic an event's text mentions, with how the customer feels about it there. */
export interface TopicScore {
  name: string;
  /** Sentiment of the clause(s) that mention the topic, in [-1, 1] (their mean when several do). */
  score: number;
}
