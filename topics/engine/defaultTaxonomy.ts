import { DEFAULT_TOPIC_RULES } from '../../domain/topics/defaultTopicRules';
import { compileTaxonomy, type CompiledTaxonomy } from './topicRules';

export { DEFAULT_TOPIC_RULES };

/** The default taxonomy (domain/topics/defaultTopicRules.ts), compiled once. */
export const DEFAULT_TAXONOMY: CompiledTaxonomy = compileTaxonomy(DEFAULT_TOPIC_RULES);
