/**
 * `text` cut to at most `max` characters, the last of them an ellipsis when cut. Characters are
 * code points, as limits on text are stated (a statement line's 140, ISO 20022 Max140Text): a cut
 * by UTF-16 units could split an emoji's surrogate pair and leave half of it in the text.
 *
 * @example truncate('Thanh toán học phí', 10) // 'Thanh toá…'
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text; // at most `max` units: at most `max` code points
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
