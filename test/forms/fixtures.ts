/** People and forms the forms tests share. */
import { formValuesFor, generateFormPdf, type FormPerson } from '../../sandbox/pdf/form-pdf';

export const MARIA: FormPerson = {
  firstName: 'Maria',
  lastName: 'Gonzalez',
  email: 'maria.gonzalez@example.com',
  street: '12 Main Street',
  unitNumber: '4B',
  unitType: 'apt',
  city: 'Austin',
  state: 'TX',
  zip: '78701',
  phone: '5125550100',
};

export const JOSE: FormPerson = {
  firstName: 'Jose',
  lastName: 'Perez',
  email: 'jose.perez@example.com',
  street: '400 Congress Avenue',
  unitNumber: '200',
  unitType: 'ste',
  city: 'Houston',
  state: 'TX',
  zip: '77002',
  phone: '7135550199',
};

export interface FormFixture {
  title: string;
  pageCount: number;
  values: Record<string, string | boolean>;
  bytes: Uint8Array;
}

export async function makeForm(title: string, pageCount: number, person: FormPerson): Promise<FormFixture> {
  const values = formValuesFor(title, person);
  return { title, pageCount, values, bytes: await generateFormPdf({ formName: title, pageCount, values }) };
}

export const FIXED_METADATA = {
  title: 'Gonzalez family - I-130, I-485 - 2026-02-02',
  author: 'Paula Paralegal',
  subject: 'Gonzalez family: I-130, I-485',
  creationDate: new Date(Date.UTC(2026, 1, 2, 15, 30)),
};
