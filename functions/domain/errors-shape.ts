/** An entry of the error envelope's `Errors` array, as domain modules report problems. */
export interface ErrorDetail {
  ErrorCode:
    | 'UK.OBIE.Field.Invalid'
    | 'UK.OBIE.Field.Missing'
    | 'UK.OBIE.Field.Unexpected'
    | 'UK.OBIE.Field.InvalidDate'
    | `VN.OB.${string}.${string}`;
  Message: string;
  Path?: string;
}
