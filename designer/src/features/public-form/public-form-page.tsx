export default function PublicFormPage(_props: { publicId: string }) {
  return null;
}
