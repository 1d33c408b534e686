import { createFakeSide } from '../../src/connectors/fake/fake-side';
import { emptyAddress } from '../../src/core/types';
import { describeSyncSideContract } from './sync-side-contract';

for (const product of ['mycase', 'docketwise'] as const) {
  describeSyncSideContract(`fake ${product}`, async () => {
    const side = createFakeSide(product, { pageSize: 7 });
    return {
      side,
      pageSize: 7,
      async addPersons(count) {
        for (let i = 0; i < count; i++) {
          side.userCreateContact({
            firstName: 'Seed',
            lastName: `Person ${i}`,
            email: `seed.${i}.${Date.now()}@example.com`,
            address: emptyAddress(),
            mobilePhone: '',
            workPhone: '',
          });
        }
      },
      close: () => Promise.resolve(),
    };
  });
}
