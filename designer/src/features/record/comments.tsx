// The record page's discussion: comments oldest first, each with its author and when, a
// composer that suggests people as an @mention is typed, and editing or deleting one's own
// comments. A refused post or edit keeps what was typed, with the reason beside it. Comments
// by others arrive over the live event stream (api/live.ts).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { keys, useMe, useUsers } from '../../api/queries.ts';
import type { App, Comment, RecordItem, Table } from '../../api/types.ts';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button, IconButton } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Avatar, Spinner } from '../../ui/misc.tsx';
import { ConfirmDialog } from '../../ui/prompt.tsx';
import {
  insertMention,
  mentionQuery,
  mentionsIn,
  type Person,
  splitMentions,
  suggestPeople,
} from './mentions.ts';

interface Props {
  app: App;
  table: Table;
  record: RecordItem;
}

/** The people who can be mentioned: active users, by the name shown (e-mail when unnamed). */
function usePeople(): { people: Person[]; everyone: Person[] } {
  const users = useUsers();
  return useMemo(() => {
    const everyone = (users.data?.items ?? []).map((u) => ({
      id: u.id,
      name: u.name || u.email,
      email: u.email,
      active: u.active !== false,
    }));
    return { everyone, people: everyone.filter((p) => p.active) };
  }, [users.data]);
}

export function RecordComments({ app, table, record }: Props) {
  const { t } = useI18n();
  const client = useQueryClient();
  const me = useMe();
  const { people, everyone } = usePeople();
  const queryKey = keys.comments(app.name, table.name, record.id);
  const query = useQuery({
    queryKey,
    queryFn: () => api.comments.list(app.name, table.name, record.id),
  });
  const [deleting, setDeleting] = useState<Comment>();
  // "2 minutes ago" keeps telling the truth while the page stays open.
  const [, setMinute] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setMinute((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  const items = query.data?.items ?? [];
  const refresh = () => client.invalidateQueries({ queryKey });

  return (
    <section className="panel comments-panel" aria-label={t('comments.title')}>
      <h2>
        <Icon name="message" />
        {t('comments.title')}
        {items.length ? <span className="muted count-note">{items.length}</span> : null}
      </h2>
      {query.isLoading ? <Spinner /> : null}
      {query.error ? <p className="form-error">{(query.error as Error).message}</p> : null}
      {!query.isLoading && items.length === 0 ? <p className="muted">{t('comments.none')}</p> : null}
      {items.length ? (
        <ol className="timeline comment-list">
          {items.map((comment) => (
            <CommentEntry
              key={comment.id}
              comment={comment}
              people={everyone}
              mine={comment.author !== null && comment.author === me.data?.id}
              onSave={async (body) => {
                const saved = await api.comments.edit(app.name, table.name, record.id, comment.id, { body });
                client.setQueryData<{ items: Comment[] }>(queryKey, (data) =>
                  data ? { items: data.items.map((c) => (c.id === saved.id ? saved : c)) } : data,
                );
              }}
              onDelete={() => setDeleting(comment)}
            />
          ))}
        </ol>
      ) : null}
      <Composer
        people={people}
        onPost={async (body) => {
          const mentions = mentionsIn(body, people);
          const added = await api.comments.add(app.name, table.name, record.id, { body, mentions });
          client.setQueryData<{ items: Comment[] }>(queryKey, (data) =>
            data && !data.items.some((c) => c.id === added.id) ? { items: [...data.items, added] } : data,
          );
        }}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        title={t('comments.delete')}
        message={t('comments.deleteConfirm')}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.comments.remove(app.name, table.name, record.id, deleting.id);
          client.setQueryData<{ items: Comment[] }>(queryKey, (data) =>
            data ? { items: data.items.filter((c) => c.id !== deleting.id) } : data,
          );
          void refresh();
        }}
      />
    </section>
  );
}

/** Comment text with the people it mentions set apart. */
function CommentBody({ body, people, mentions }: { body: string; people: Person[]; mentions: string[] }) {
  const mentioned = people.filter((p) => mentions.includes(p.id));
  return (
    <p className="comment-body">
      {splitMentions(body, mentioned).map((segment, i) =>
        'person' in segment ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reorder
          <span key={i} className="mention">
            {segment.text}
          </span>
        ) : (
          segment.text
        ),
      )}
    </p>
  );
}

function CommentEntry({
  comment,
  people,
  mine,
  onSave,
  onDelete,
}: {
  comment: Comment;
  people: Person[];
  mine: boolean;
  onSave(body: string): Promise<void>;
  onDelete(): void;
}) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const author = people.find((p) => p.id === comment.author)?.name ?? t('comments.someone');
  return (
    <li className="timeline-entry comment" data-comment={comment.id}>
      <Avatar name={author} size={28} />
      <div className="timeline-content">
        <div className="comment-head">
          <strong>{author}</strong>
          <time
            className="muted small"
            dateTime={comment.createdAt}
            title={formatDateTime(comment.createdAt, locale)}
          >
            {formatRelative(comment.createdAt, locale)}
          </time>
          {comment.editedAt ? (
            <span className="muted small" title={formatDateTime(comment.editedAt, locale)}>
              {t('comments.edited')}
            </span>
          ) : null}
          {mine && !editing ? (
            <span className="comment-actions">
              <IconButton
                size="sm"
                icon="edit"
                label={t('comments.editLabel', { name: author })}
                onClick={() => setEditing(true)}
              />
              <IconButton
                size="sm"
                icon="trash"
                label={t('comments.deleteLabel', { name: author })}
                onClick={onDelete}
              />
            </span>
          ) : null}
        </div>
        {editing ? (
          <CommentEditor
            initial={comment.body}
            people={people}
            onCancel={() => setEditing(false)}
            onSave={async (body) => {
              await onSave(body);
              setEditing(false);
            }}
          />
        ) : (
          <CommentBody body={comment.body} people={people} mentions={comment.mentions} />
        )}
      </div>
    </li>
  );
}

function CommentEditor({
  initial,
  people,
  onSave,
  onCancel,
}: {
  initial: string;
  people: Person[];
  onSave(body: string): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useI18n();
  return (
    <MentionBox
      label={t('comments.editBox')}
      initial={initial}
      people={people}
      submitLabel={t('common.save')}
      busyLabel={t('comments.saving')}
      autoFocus
      onSubmit={onSave}
      onCancel={onCancel}
    />
  );
}

function Composer({ people, onPost }: { people: Person[]; onPost(body: string): Promise<void> }) {
  const { t } = useI18n();
  return (
    <MentionBox
      label={t('comments.write')}
      placeholder={t('comments.placeholder')}
      people={people}
      submitLabel={t('comments.post')}
      busyLabel={t('comments.posting')}
      help={t('comments.help')}
      clearOnSubmit
      onSubmit={onPost}
    />
  );
}

/**
 * A text box that suggests people after "@" (arrow keys to choose, Enter or Tab to pick,
 * Escape to close) and sends with Ctrl/⌘+Enter. What was typed stays when sending fails.
 */
function MentionBox({
  label,
  placeholder,
  initial = '',
  people,
  submitLabel,
  busyLabel,
  help,
  autoFocus,
  clearOnSubmit,
  onSubmit,
  onCancel,
}: {
  label: string;
  placeholder?: string;
  initial?: string;
  people: Person[];
  submitLabel: string;
  busyLabel: string;
  help?: string;
  autoFocus?: boolean;
  clearOnSubmit?: boolean;
  onSubmit(body: string): Promise<void>;
  onCancel?(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial);
  const [typing, setTyping] = useState<{ start: number; query: string }>();
  const [selected, setSelected] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const suggestions = typing ? suggestPeople(people, typing.query) : [];
  const open = suggestions.length > 0;
  const listId = `${id}-people`;
  const optionId = (i: number) => `${id}-person-${i}`;

  const follow = (value: string, caret: number) => {
    setTyping(mentionQuery(value, caret));
    setSelected(0);
  };

  const pick = (person: Person) => {
    if (!typing) return;
    const caret = area.current?.selectionStart ?? text.length;
    const next = insertMention(text, typing.start, caret, person.name);
    setText(next.text);
    setTyping(undefined);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  const submit = async () => {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(body);
      if (clearOnSubmit) setText('');
    } catch (err) {
      // The server's sentence ("A comment may be at most …"), not only the field's short note.
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const n = suggestions.length;
        setSelected((s) => (s + (event.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        event.preventDefault();
        pick(suggestions[selected] ?? suggestions[0]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setTyping(undefined);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <form
      className="comment-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <div className="mention-box">
        <textarea
          ref={area}
          id={id}
          className="input textarea"
          rows={3}
          value={text}
          placeholder={placeholder}
          // biome-ignore lint/a11y/noAutofocus: the editor opens because the person asked to edit
          autoFocus={autoFocus}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? optionId(selected) : undefined}
          aria-invalid={Boolean(error) || undefined}
          aria-describedby={`${id}-help ${id}-error`}
          onChange={(event) => {
            setText(event.target.value);
            setError(undefined);
            follow(event.target.value, event.target.selectionStart);
          }}
          onSelect={(event) => follow(event.currentTarget.value, event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setTyping(undefined), 150)}
        />
        {open ? (
          <div
            className="suggestions mention-suggestions"
            id={listId}
            role="listbox"
            aria-label={t('comments.people')}
          >
            {suggestions.map((person, i) => (
              <button
                key={person.id}
                id={optionId(i)}
                type="button"
                role="option"
                tabIndex={-1}
                aria-selected={i === selected}
                className="picker-item"
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(person);
                }}
              >
                <Avatar name={person.name} size={20} />
                <span>{person.name}</span>
                {person.email && person.email !== person.name ? (
                  <span className="muted small">{person.email}</span>
                ) : null}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <div className="comment-composer-foot">
        {help ? (
          <span className="form-help grow" id={`${id}-help`}>
            {help}
          </span>
        ) : (
          <span className="grow" />
        )}
        {onCancel ? (
          <Button size="sm" variant="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
        <Button type="submit" size="sm" variant="primary" busy={busy} disabled={!text.trim()}>
          {busy ? busyLabel : submitLabel}
        </Button>
      </div>
    </form>
  );
}
