/** The hotelier's token out of an `Authorization` header, as both verifiers (AWS's and the local one) read it. */
import { Unauthorized } from '../../domain/errors';

/** The JWT of `Authorization: Bearer <JWT>`; `Unauthorized` when the header is missing or has another form. */
export function hotelierBearerToken(authorization: string | undefined): string {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new Unauthorized('A hotelier token is required: Authorization: Bearer <JWT>');
  return token;
}
