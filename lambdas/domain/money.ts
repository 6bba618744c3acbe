/** Money in minor units with an ISO 4217 currency, as the contract states it. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** `price` times `count`, exact in integers. */
export function multiply(price: Money, count: number): Money {
  return { amount: price.amount * count, currency: price.currency };
}
