import { END, START, StateGraph } from '@langchain/langgraph';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { GraphDeps } from './deps.js';
import { amendNode } from './nodes-amend.js';
import { afterRunNode, applyHumanNode, executeNode, humanAskNode, reportNode } from './nodes-execute.js';
import { reflectNode } from './nodes-reflect.js';
import { allocateNode, planNode, validateNode } from './nodes-plan.js';
import { askNode, interpretNode, perceiveNode, readAnswerNode, waitNode } from './nodes-understand.js';
import { MissionState } from './state.js';
import type { MissionStateValue } from './state.js';

const by = (s: MissionStateValue): string => s.next;

/**
 * One mission's graph (thread id = mission id):
 *
 * perceive → interpret → (ask → clarify_wait → read_answer →)* plan → validate → allocate → execute
 * execute → reflect → execute | human_ask → human_wait → apply_human → execute | amend → interpret | plan | execute
 * execute → after_run → interpret (search found nothing yet) | plan (a placement was undone) | report → END
 *
 * Only `clarify_wait` and `human_wait` interrupt, and they do nothing else; nothing that
 * interrupts dispatches to a robot.
 */
export function buildMissionGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver) {
  const g = new StateGraph(MissionState)
    .addNode('perceive', perceiveNode(deps))
    .addNode('interpret', interpretNode(deps))
    .addNode('ask', askNode(deps))
    .addNode('clarify_wait', waitNode())
    .addNode('read_answer', readAnswerNode(deps))
    .addNode('plan', planNode(deps))
    .addNode('validate', validateNode(deps))
    .addNode('allocate', allocateNode(deps))
    .addNode('execute', executeNode(deps))
    .addNode('after_run', afterRunNode(deps))
    .addNode('reflect', reflectNode(deps))
    .addNode('human_ask', humanAskNode(deps))
    .addNode('human_wait', waitNode())
    .addNode('apply_human', applyHumanNode(deps))
    .addNode('amend', amendNode(deps))
    .addNode('report', reportNode(deps))
    .addEdge(START, 'perceive')
    .addEdge('perceive', 'interpret')
    .addConditionalEdges('interpret', by, ['plan', 'ask', 'interpret', 'report', 'execute'])
    .addEdge('ask', 'clarify_wait')
    .addEdge('clarify_wait', 'read_answer')
    .addConditionalEdges('read_answer', by, ['interpret', 'ask', 'report', 'execute'])
    .addConditionalEdges('plan', by, ['validate', 'report', 'execute'])
    .addConditionalEdges('validate', by, ['allocate', 'report', 'execute'])
    .addEdge('allocate', 'execute')
    .addConditionalEdges('execute', by, ['after_run', 'reflect', 'human_ask', 'amend'])
    .addConditionalEdges('after_run', by, ['interpret', 'plan', 'report'])
    .addEdge('reflect', 'execute')
    .addConditionalEdges('human_ask', by, ['human_wait', 'execute'])
    .addEdge('human_wait', 'apply_human')
    .addEdge('apply_human', 'execute')
    .addConditionalEdges('amend', by, ['interpret', 'plan', 'execute'])
    .addEdge('report', END);
  return g.compile({ checkpointer });
}

export type MissionGraph = ReturnType<typeof buildMissionGraph>;
