// Spreadsheets run a cell that starts with =, +, -, @, tab or CR as a formula, so a contact named
// `=HYPERLINK(…)` could act on whoever opens an export (CSV injection). Files made for Excel
// carry such text with a leading apostrophe; reading a file drops one apostrophe from the same
// shape. Text already starting with apostrophes before such a character gains one in every
// file, so export → import gives back exactly what was stored.

const formulaStart = /^[=+\-@\t\r]/;
const quotedFormulaStart = /^'+[=+\-@\t\r]/;
/** Plain numbers ("-12.5", "+3") are harmless and stay as they are, so Excel reads them as numbers. */
const plainNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function guardCell(text: string, forSpreadsheets: boolean): string {
  if (quotedFormulaStart.test(text)) return `'${text}`;
  if (forSpreadsheets && formulaStart.test(text) && !plainNumber.test(text)) return `'${text}`;
  return text;
}

export function unguardCell(text: string): string {
  return quotedFormulaStart.test(text) ? text.slice(1) : text;
}
