// The workflow action registry: one module per action type.
import type { ActionType } from '../../schema/workflow.ts';
import type { ActionModule } from '../types.ts';
import { assignOwner } from './assign-owner.ts';
import { branch } from './branch.ts';
import { createRecord } from './create-record.ts';
import { createTask } from './create-task.ts';
import { notify } from './notify.ts';
import { requestApproval } from './request-approval.ts';
import { sendEmail } from './send-email.ts';
import { updateRecord } from './update-record.ts';
import { wait } from './wait.ts';
import { webhook } from './webhook.ts';

export const actionModules = {
  update_record: updateRecord,
  create_record: createRecord,
  assign_owner: assignOwner,
  create_task: createTask,
  notify,
  send_email: sendEmail,
  webhook,
  request_approval: requestApproval,
  wait,
  branch,
} satisfies Record<ActionType, ActionModule>;
