-- AlterTable
ALTER TABLE "Image" ADD COLUMN "defaultInstanceType" TEXT;
