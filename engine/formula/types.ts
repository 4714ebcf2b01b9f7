// The shape of a parsed JSONata expression node, as the library's typings give it.
import type jsonata from 'jsonata';

export type jsonataNode = jsonata.ExprNode;
