import { codePointLength } from './charset.ts';
import { ROOT } from './spec.ts';

/**
 * EMVCo TLV: a two-digit id, a two-digit decimal length in characters (01-99), the value.
 */

/** One data object read from a payload or template. */
export interface TlvNode {
  id: string;
  value: string;
  /** Tag path, e.g. `38/01/00`. */
  path: string;
}

/** A structural problem met while reading; `path` names the tag or the enclosing template. */
export interface TlvProblem {
  path: string;
  message: string;
}

/**
 * Writes one data object. The caller has checked the value: its length is 1-99 characters.
 *
 * @example tlv('53', '704') // '5303704'
 */
export function tlv(id: string, value: string): string {
  const length = codePointLength(value);
  return `${id}${length < 10 ? '0' : ''}${length}${value}`;
}

/** Joins a parent path and a sub-id into a tag path. */
function childPath(parent: string, id: string): string {
  return parent === ROOT ? id : `${parent}/${id}`;
}

/**
 * Reads a sequence of data objects strictly: every id and length must be two digits and every
 * value must fit. Reading stops at the first object that cannot be delimited, since nothing
 * after it can be trusted. Never throws.
 */
export function readTlv(text: string, parentPath: string): { nodes: TlvNode[]; problems: TlvProblem[] } {
  const chars = Array.from(text);
  const nodes: TlvNode[] = [];
  const problems: TlvProblem[] = [];
  const seen = new Set<string>();
  let at = 0;
  while (at < chars.length) {
    const rest = chars.length - at;
    const head = chars.slice(at, at + 4).join('');
    if (rest < 4) {
      problems.push({
        path: parentPath,
        message: `trailing "${head}" at position ${at} is not a complete tag.`,
      });
      break;
    }
    const id = head.slice(0, 2);
    const lengthText = head.slice(2, 4);
    if (!/^[0-9]{2}$/.test(id)) {
      problems.push({
        path: parentPath,
        message: `at position ${at}, "${id}" is not a two-digit tag id (bad id/length "${head}").`,
      });
      break;
    }
    const path = childPath(parentPath, id);
    if (!/^[0-9]{2}$/.test(lengthText)) {
      problems.push({ path, message: `length "${lengthText}" is not two decimal digits.` });
      break;
    }
    const length = Number(lengthText);
    if (length > rest - 4) {
      problems.push({
        path,
        message: `declares ${length} characters but only ${rest - 4} remain; the payload is truncated or a length is wrong.`,
      });
      break;
    }
    if (length === 0)
      problems.push({ path, message: 'has zero length; a present field holds 1-99 characters.' });
    if (seen.has(id)) {
      const where = parentPath === ROOT ? 'the payload' : `template ${parentPath}`;
      problems.push({ path, message: `appears more than once in ${where}.` });
    }
    seen.add(id);
    nodes.push({ id, value: chars.slice(at + 4, at + 4 + length).join(''), path });
    at += 4 + length;
  }
  return { nodes, problems };
}
