// Behaviour shared by fields whose value is a user id: user, created_by, updated_by.
import { emptinessOps, equalityOps, textOperand } from './operators.ts';
import type { OperatorSet } from './types.ts';

const meOrNobody = (actorId: string | null) => actorId ?? '\u0000nobody';

export const userOps: OperatorSet = {
  ...equalityOps((v, f, ctx) => (v === '$me' ? meOrNobody(ctx.actorId) : textOperand(v, f))),
  is_me: {
    operand: 'none',
    build: (t, _v, ctx) => ({ text: `${t.column} = ?`, params: [meOrNobody(ctx.actorId)] }),
  },
  is_not_me: {
    operand: 'none',
    build: (t, _v, ctx) => ({
      text: `(${t.column} IS NULL OR ${t.column} <> ?)`,
      params: [meOrNobody(ctx.actorId)],
    }),
  },
  ...emptinessOps,
};

/** Users sort by display name, not by id. */
export const userSort = (column: string) =>
  `(SELECT u.name FROM users u WHERE u.id = ${column}) COLLATE NOCASE`;

export const userValueSchema = () => ({ type: ['string', 'null'], description: 'user id' });
