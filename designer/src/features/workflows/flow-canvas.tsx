// The rule as a vertical flow: trigger, condition, then the actions — each a card to select
// and edit in the panel beside it, dragged (mouse, touch or keyboard) to reorder within its
// list. Branches and approvals hold their own lists ("if yes / otherwise", "approved / rejected").

import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { createContext, type ReactNode, useContext, useRef, useState } from 'react';
import type { ActionType, DryRunStep, WorkflowAction } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { IconButton } from '../../ui/button.tsx';
import { DragHandle } from '../../ui/drag-handle.tsx';
import { Icon, type IconName } from '../../ui/icons.tsx';
import { Popover } from '../../ui/popover.tsx';
import { actionKinds, actionTypes, useSummaryContext } from './action-kinds.tsx';
import {
  childrenOf,
  getList,
  type ListRef,
  listKey,
  listOf,
  moveWithin,
  rootList,
} from './workflow-draft.ts';

export type Selection = 'trigger' | 'condition' | { action: string };

interface FlowContextValue {
  actions: WorkflowAction[];
  setActions(next: WorkflowAction[]): void;
  selected: Selection | undefined;
  select(selection: Selection): void;
  add(ref: ListRef, type: ActionType): void;
  remove(id: string): void;
  /** The dry run's verdict on each action, by id. */
  results: Record<string, DryRunStep>;
  /** Actions with errors from the last save. */
  errored: Set<string>;
  hasRecord: boolean;
}

const FlowContext = createContext<FlowContextValue | null>(null);
const useFlow = () => useContext(FlowContext)!;

function StepResult({ step }: { step: DryRunStep | undefined }) {
  const { t } = useI18n();
  if (!step) return null;
  const ok = step.status === 'would_run';
  return (
    <span className={`pill with-icon ${ok ? 'pill-green' : 'pill-red'}`} title={step.error ?? undefined}>
      <Icon name={ok ? 'check' : 'x'} size={12} />
      {ok ? t('workflows.test.wouldRun') : t('workflows.test.wouldFail')}
    </span>
  );
}

function AddAction({ listRef }: { listRef: ListRef }) {
  const { t } = useI18n();
  const { add, hasRecord } = useFlow();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="add-step"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <Icon name="plus" size={14} />
        {t('workflows.addAction')}
      </button>
      <Popover anchor={anchor} open={open} onClose={() => setOpen(false)} label={t('workflows.palette')}>
        <div className="palette-grid">
          {actionTypes.map((type) => {
            const kind = actionKinds[type];
            const disabled = kind.needsRecord && !hasRecord;
            return (
              <button
                key={type}
                type="button"
                className="palette-option"
                disabled={disabled}
                title={disabled ? t('workflows.needsRecordTrigger') : undefined}
                onClick={() => {
                  setOpen(false);
                  add(listRef, type);
                }}
              >
                <span className="step-icon">
                  <Icon name={kind.icon} />
                </span>
                <span>
                  <strong>{t(`workflows.action.${type}`)}</strong>
                  <span className="muted">{t(`workflows.actionHelp.${type}`)}</span>
                </span>
              </button>
            );
          })}
        </div>
      </Popover>
    </>
  );
}

function ActionList({ listRef, items }: { listRef: ListRef; items: WorkflowAction[] }) {
  const { t } = useI18n();
  return (
    <SortableContext items={items.map((a) => a.id!)} strategy={verticalListSortingStrategy}>
      <ol className="flow-list" aria-label={t('workflows.actions')}>
        {items.map((action, index) => (
          <ActionCard key={action.id} action={action} index={index} />
        ))}
      </ol>
      <AddAction listRef={listRef} />
    </SortableContext>
  );
}

const nestedTitles: Record<string, 'ifTrue' | 'ifFalse' | 'onApprove' | 'onReject'> = {
  ifTrue: 'ifTrue',
  ifFalse: 'ifFalse',
  onApprove: 'onApprove',
  onReject: 'onReject',
};

function ActionCard({ action, index }: { action: WorkflowAction; index: number }) {
  const { t } = useI18n();
  const flow = useFlow();
  const summary = useSummaryContext();
  const kind = actionKinds[action.type];
  const { attributes, listeners, setNodeRef, transform, transition, isDragging, setActivatorNodeRef } =
    useSortable({ id: action.id! });
  const isSelected =
    typeof flow.selected === 'object' && flow.selected !== null && flow.selected.action === action.id;
  const name = t(`workflows.action.${action.type}`);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`flow-item ${isDragging ? 'dragging' : ''}`}
    >
      <div
        className={`flow-card ${isSelected ? 'active' : ''} ${flow.errored.has(action.id!) ? 'has-error' : ''}`}
      >
        <DragHandle
          sortable={{ attributes, listeners, setActivatorNodeRef }}
          label={t('workflows.moveAction', { n: index + 1, name })}
          className="flow-drag"
        />
        <button
          type="button"
          className="flow-card-main"
          aria-pressed={isSelected}
          onClick={() => flow.select({ action: action.id! })}
        >
          <span className="step-icon">
            <Icon name={kind.icon} />
          </span>
          <span className="flow-card-text">
            <span className="flow-card-title">
              {index + 1}. {name}
            </span>
            <span className="flow-card-summary">{kind.summary(action, summary)}</span>
          </span>
        </button>
        {flow.errored.has(action.id!) ? (
          <span className="pill with-icon pill-red">
            <Icon name="x" size={12} />
            {t('workflows.hasError')}
          </span>
        ) : null}
        <StepResult step={flow.results[action.id!]} />
        <IconButton
          icon="trash"
          size="sm"
          label={t('workflows.removeAction', { name })}
          onClick={() => flow.remove(action.id!)}
        />
      </div>
      {kind.nested.length ? (
        <div className="flow-nested">
          {kind.nested.map((key) => (
            <div key={key} className={`flow-branch branch-${key}`}>
              <div className="flow-branch-title">{t(`workflows.nested.${nestedTitles[key]!}`)}</div>
              <ActionList listRef={{ parent: action.id!, key }} items={childrenOf(action, key)} />
            </div>
          ))}
        </div>
      ) : null}
    </li>
  );
}

function FixedCard({
  icon,
  title,
  summary,
  selection,
  error,
  extra,
}: {
  icon: IconName;
  title: string;
  summary: ReactNode;
  selection: 'trigger' | 'condition';
  error?: boolean;
  extra?: ReactNode;
}) {
  const flow = useFlow();
  const active = flow.selected === selection;
  return (
    <div className={`flow-card fixed ${active ? 'active' : ''} ${error ? 'has-error' : ''}`}>
      <button
        type="button"
        className="flow-card-main"
        aria-pressed={active}
        onClick={() => flow.select(selection)}
      >
        <span className={`step-icon ${selection}`}>
          <Icon name={icon} />
        </span>
        <span className="flow-card-text">
          <span className="flow-card-title">{title}</span>
          <span className="flow-card-summary">{summary}</span>
        </span>
      </button>
      {extra}
    </div>
  );
}

export function FlowCanvas({
  triggerSummary,
  conditionSummary,
  conditionHolds,
  triggerError,
  conditionError,
  ...flow
}: FlowContextValue & {
  triggerSummary: string;
  conditionSummary: string;
  conditionHolds: boolean | undefined;
  triggerError: boolean;
  conditionError: boolean;
}) {
  const { t } = useI18n();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = listOf(flow.actions, String(active.id));
    const to = listOf(flow.actions, String(over.id));
    // Reordering happens within a list; moving between branches is done by cutting and adding.
    if (!from || !to || listKey(from) !== listKey(to)) return;
    const items = getList(flow.actions, from);
    flow.setActions(
      moveWithin(
        flow.actions,
        from,
        items.findIndex((a) => a.id === active.id),
        items.findIndex((a) => a.id === over.id),
      ),
    );
  };
  return (
    <FlowContext.Provider value={flow}>
      <div className="flow">
        <FixedCard
          icon="bolt"
          title={t('workflows.when')}
          summary={triggerSummary}
          selection="trigger"
          error={triggerError}
        />
        <div className="flow-connector" aria-hidden="true" />
        <FixedCard
          icon="filter"
          title={t('workflows.onlyIf')}
          summary={conditionSummary}
          selection="condition"
          error={conditionError}
          extra={
            conditionHolds === undefined ? null : (
              <span className={`pill ${conditionHolds ? 'pill-green' : 'pill-yellow'}`}>
                {conditionHolds ? t('workflows.test.holds') : t('workflows.test.doesNotHold')}
              </span>
            )
          }
        />
        <div className="flow-connector" aria-hidden="true" />
        <div className="flow-then">{t('workflows.then')}</div>
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <ActionList listRef={rootList} items={flow.actions} />
        </DndContext>
      </div>
    </FlowContext.Provider>
  );
}
