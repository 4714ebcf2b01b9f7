// A multi-step approval (e.g. sales manager → finance → executive). Each step has approvers
// (people, "$manager" of the record's owner, "team:finance") and needs any or all of them.
// While pending, the fields under approval are locked; the outcome runs onApprove or onReject.
import type { WorkflowAction } from '../../schema/workflow.ts';
import type { ActionModule } from '../types.ts';
import { nestedOf, requireRecord, resolvePeople, settingError } from './shared.ts';

interface StepSetting {
  name: string;
  label?: string;
  approvers: unknown;
  mode?: 'any' | 'all';
}

export interface ApprovalStep {
  name: string;
  label?: string;
  mode: 'any' | 'all';
  approvers: string[];
}

const recheckMs = 24 * 3_600_000;

export const requestApproval: ActionModule = {
  type: 'request_approval',
  transactional: true,
  settings: {
    type: 'object',
    required: ['steps'],
    properties: {
      title: { type: 'string' },
      steps: {
        type: 'array',
        minItems: 1,
        maxItems: 10,
        items: {
          type: 'object',
          required: ['name', 'approvers'],
          properties: { name: { type: 'string' }, label: {}, approvers: {}, mode: { enum: ['any', 'all'] } },
        },
      },
      lockFields: { type: 'array', items: { type: 'string' } },
      onApprove: { type: 'array' },
      onReject: { type: 'array' },
    },
  },
  nested: (action) => nestedOf(action, 'onApprove', 'onReject'),
  check: (action, _app, table, where) => {
    if (!table) throw settingError(where, 'an approval needs a trigger with a table');
    for (const name of (action.lockFields ?? []) as string[])
      if (!table.byName.has(name))
        throw settingError(`${where}.lockFields`, `table '${table.doc.name}' has no field '${name}'`);
  },
  run: async (context, action) => {
    const { table, record } = requireRecord(context, 'request_approval');
    const steps: ApprovalStep[] = [];
    for (const step of action.steps as StepSetting[]) {
      const approvers = await resolvePeople(context, step.approvers);
      if (approvers.length === 0)
        throw settingError(
          `request_approval step '${step.name}'`,
          'no active approver could be found (check the owner, manager or team)',
        );
      steps.push({
        name: step.name,
        ...(step.label ? { label: String(step.label) } : {}),
        mode: step.mode ?? 'any',
        approvers,
      });
    }
    const title = action.title
      ? await context.text(action.title)
      : `${context.workflow.name}: ${table.doc.name} ${record.id}`;
    if (context.dryRun)
      return { output: { wouldRequestApproval: { title, steps, lockFields: action.lockFields ?? [] } } };
    const approvalId = context.engine.workflows.approvals.open({
      appId: context.app.doc.id,
      workflowId: context.workflow.id,
      runId: context.run.id,
      path: context.path,
      table,
      recordId: Number(record.id),
      title,
      steps,
      lockFields: (action.lockFields ?? []) as string[],
    });
    return { wait: { until: context.now + recheckMs }, output: { approvalId, title } };
  },
  resume: async (context, action, step) => {
    const { approvalId } = step.output as { approvalId: number };
    const approval = context.engine.workflows.approvals.get(approvalId);
    if (approval.status === 'pending')
      return { wait: { until: context.now + recheckMs }, output: step.output };
    const [onApprove, onReject] = nestedOf(action as WorkflowAction, 'onApprove', 'onReject');
    return {
      output: { ...(step.output as object), status: approval.status },
      children: approval.status === 'approved' ? onApprove! : onReject!,
    };
  },
};
